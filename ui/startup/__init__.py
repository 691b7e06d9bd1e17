"""Starting the console: the first-run wizard, sign-in and the idle lock."""

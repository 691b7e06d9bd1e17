"""Product rules and validation: pure functions, no I/O."""

"""The user list: paged model, page, create and bulk dialogs."""

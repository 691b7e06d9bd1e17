"""A user's details window: Basic Information and Security Settings."""

"""The console's other pages: audit log, outbox, settings."""

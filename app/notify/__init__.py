"""Notification channels: the outbox sender, SMTP mailer and SMS gateways."""

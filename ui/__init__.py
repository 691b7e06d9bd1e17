"""IAM Desk: the Qt front end."""

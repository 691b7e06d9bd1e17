"""IAM Desk portal: the users' pages and the identity API, served by iamdesk-portal."""

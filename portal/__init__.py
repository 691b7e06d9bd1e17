"""The user portal: IAM users' web pages (and, beside them, the identity API) on uvicorn."""

"""Request-signature checks for access keys: Huawei SDK-HMAC-SHA256 and AWS Signature V4."""

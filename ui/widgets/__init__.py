"""Small widgets the console's screens share."""

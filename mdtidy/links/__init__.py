"""Links: canonical URLs, https evidence, online checks."""

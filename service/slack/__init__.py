"""The Slack adapter: typed payloads in, Block Kit out, the one Advisor in between."""

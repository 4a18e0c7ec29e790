"""HTTP routers: thin adapters from request models to the one Advisor and back."""

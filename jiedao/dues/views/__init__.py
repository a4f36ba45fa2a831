"""The dues pages: thin views over the access rules, selectors and services."""

"""The training pages: the desk (``desk``, ``trainee``, ``subsidies``) and the resident's (``resident``)."""

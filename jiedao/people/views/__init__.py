"""Pages of the people registry: the registry itself and the dashboard
(``registry``), roster import and export (``roster``)."""

"""Pages of the joint meeting system, by sub-domain. Thin: access function →
selector or service → template. Small actions (invite, move an item, add a
commendation) are POSTs that redirect back to the page with a message
(``run_action``); the longer forms (a meeting, an agenda item) re-render
with their errors next to the fields (``form_page``, 400)."""

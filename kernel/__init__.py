"""The portal's toolkit: small pieces every app uses.

Nothing here imports an app of the portal. Who may open a page (``access``),
the keys of the roles (``roles``), the client's address (``http``), safe CSV
(``csvexport``), form widgets (``widgets``), the "My tasks" section registry
(``dashboard``) and the read-only admin base (``readonly_admin``).
"""

"""What every WordPress news site shares: the paths that are never articles."""

#: taxonomy, author and pagination archives, feeds, admin, REST API, uploads, static files
WP_DENY_PATHS = (
    r"^/(category|tag|author|page|feed|wp-admin|wp-content|wp-includes|wp-json|search|comments)(/|$)",
    r"/(feed|amp|embed|attachment)/?$",
    r"\.(xml|xml\.gz|php|txt|jpe?g|png|gif|webp|svg|pdf|mp4|js|css)$",
)

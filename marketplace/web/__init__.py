"""What every page shares, whatever the feature: the page cache, templating helpers, shared form
pieces, safe redirects, error pages, the visitor's language and email. Core: it imports no feature."""

"""The web pages: HTML shells, their security headers and the static files they load.

Pages are rendered in the browser from the public JSON API (``static/*.js``), so the
pages and the API can never disagree; every asset is served from here, none from a CDN.
"""

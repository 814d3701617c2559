"""Gunicorn's configuration for the bench servers: none. Every setting is given on the command line
(common.server_settings); this file stands in for the production gunicorn.conf.py, which gunicorn
would otherwise read from the working directory."""

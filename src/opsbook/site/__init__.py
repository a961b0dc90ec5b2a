"""The runbook site: an mkdocs plugin that publishes the workspace as pages.

`opsbook.site.pages.site_pages(workspace, at)` renders every page from jinja2 templates
into Markdown (pure: same workspace and instant, same bytes); `opsbook.site.plugin`
hands them to mkdocs as virtual files, so nothing is ever written into `docs_dir`.
Every string that comes from YAML is escaped on the way out (`opsbook.site.escape`).
"""

"""What the home page shows from this app.

`home_context(user)` feeds templates/campaigns/_home.html, included by the home page.
"""


def home_context(user) -> dict:
    return {}

"""When an administration began, and which one a day falls in: shared by the independent checks beside this file."""

INAUGURATIONS = [("1993-01-20", "clinton"), ("2001-01-20", "bush"), ("2009-01-20", "obama"),
                 ("2017-01-20", "trump-1"), ("2021-01-20", "biden"), ("2025-01-20", "trump-2")]


def administration(day):
    """The administration in office on an ISO day (January 20 belongs to the incoming one)."""
    if not day:
        return "undated"
    label = "before-1993"
    for start, slug in INAUGURATIONS:
        if day[:10] >= start:
            label = slug
    return label

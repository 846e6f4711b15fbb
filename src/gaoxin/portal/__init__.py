"""Pages that put together what several apps know: the enterprise page (figures, titles, verdicts, people,
projects, achievements, tenancies, its timeline) and a reviewer's to-do list across programs, competitions and
achievement evaluations. At the top with the dashboard, so the apps below never import one another for a page."""

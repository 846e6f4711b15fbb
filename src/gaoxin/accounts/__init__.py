"""Users, roles (as Django groups) and what each user is attached to: an enterprise or a park."""

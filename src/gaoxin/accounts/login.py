"""The sign-in page with throttling (see `lockout`)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from gaoxin.accounts import lockout


class GuardedLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        minutes = lockout.locked_for(username, lockout.client_ip(request))
        if minutes:
            form = self.get_form()
            response = self.render_to_response(self.get_context_data(form=form, locked=minutes))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        lockout.failed(self.request.POST.get("username", ""), lockout.client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        lockout.succeeded(form.get_user().get_username())
        return super().form_valid(form)

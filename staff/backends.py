from allauth.account.auth_backends import AuthenticationBackend


class StaffAuthenticationBackend(AuthenticationBackend):
    """allauth's backend, refusing people who are inactive or past their leaving date.

    ``get_user`` goes through ``user_can_authenticate`` too, so a session of
    someone who has left stops working on their next request.
    """

    def user_can_authenticate(self, user):
        return getattr(user, "can_sign_in", False)

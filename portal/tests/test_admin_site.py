from staff.tests.factories import UserFactory, enable_totp


def admin_user_without_mfa():
    return UserFactory(is_staff=True, is_superuser=True)


def test_sends_admin_sign_in_through_the_portal_sign_in(client, db):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith("/accounts/login/")


def test_asks_an_admin_user_without_two_factor_to_set_it_up(client, db):
    client.force_login(admin_user_without_mfa())
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/security/mfa-required/"


def test_lets_an_admin_user_with_two_factor_in(client, db):
    user = admin_user_without_mfa()
    enable_totp(user)
    client.force_login(user)
    assert client.get("/django-admin/").status_code == 200


def test_refuses_staff_without_admin_access(client, person):
    enable_totp(person)
    client.force_login(person)
    response = client.get("/django-admin/login/")
    assert response.status_code == 403

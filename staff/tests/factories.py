import datetime as dt

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from staff.models import Role, RoleAssignment, StaffType, Team, User

TEST_PASSWORD = "a-long-test-passphrase-42"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@opcc.example.org")
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Policy officer"
    team = factory.SubFactory(TeamFactory)
    staff_type = StaffType.PERMANENT
    start_date = dt.date(2020, 1, 6)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def give_role(user: User, key: str, *, starts_on=None) -> RoleAssignment:
    """Give ``user`` the role ``key`` from today (or ``starts_on``)."""
    kwargs = {"starts_on": starts_on} if starts_on else {}
    return RoleAssignment.objects.create(user=user, role=Role.objects.get(key=key), **kwargs)


def enable_totp(user: User) -> str:
    """Set up an authenticator app for ``user``; returns the TOTP secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret

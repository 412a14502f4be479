from django.urls import reverse

from records.models import Record
from staff.tests.factories import UserFactory

URL = reverse("records:my_records")


def test_lists_only_the_persons_own_records(person, make_record, mfa_client):
    mine = make_record(subject=person, title="Annual policy declaration 2026", produce=True)
    theirs = make_record(subject=UserFactory(), title="Someone else's declaration", produce=True)
    response = mfa_client(person).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert mine.reference in page and "Annual policy declaration 2026" in page
    assert theirs.reference not in page and "Someone else" not in page
    assert reverse("records:download", args=[mine.reference]) in page


def test_a_record_being_prepared_shows_as_such_without_a_download(person, make_record, mfa_client):
    record = make_record(subject=person)
    page = mfa_client(person).get(URL).content.decode()
    assert record.reference in page
    assert "Being prepared" in page
    assert reverse("records:download", args=[record.reference]) not in page


def test_a_failed_record_shows_as_delayed(person, make_record, mfa_client):
    record = make_record(subject=person)
    Record.objects.filter(pk=record.pk).update(status=Record.Status.FAILED)
    page = mfa_client(person).get(URL).content.decode()
    assert "Delayed" in page
    assert reverse("records:download", args=[record.reference]) not in page


def test_someone_without_records_is_told_what_will_appear(person, mfa_client):
    page = mfa_client(person).get(URL).content.decode()
    assert "You have no records yet" in page


def test_the_list_takes_the_same_number_of_queries_however_many_records(
    person, make_record, mfa_client, django_assert_max_num_queries
):
    client = mfa_client(person)
    make_record(subject=person)
    client.get(URL)
    with django_assert_max_num_queries(20) as one:
        client.get(URL)
    for _ in range(5):
        make_record(subject=person)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(URL)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

"""Comments the requester sees, and internal notes they never see."""

from django.urls import reverse

from approvals import services
from approvals.models import Comment
from kernel.roles import RoleKey

from .factories import open_step


def _url(request):
    return reverse("approvals:request_comment", args=[request.pk])


def test_the_requester_comments(software, mfa_client, requester):
    response = mfa_client(requester).post(_url(software), {"body": "It is free software."})

    assert response["Location"].endswith("#comments")
    comment = Comment.objects.get()
    assert (comment.author, comment.internal) == (requester, False)


def test_the_requester_cannot_write_an_internal_note(software, mfa_client, requester):
    mfa_client(requester).post(_url(software), {"body": "Secret?", "internal": "on"})

    assert Comment.objects.get().internal is False


def test_a_decision_maker_writes_an_internal_note_the_requester_never_sees(
    software, mfa_client, requester, holders
):
    mfa_client(holders[RoleKey.CHIEF_EXECUTIVE]).post(
        _url(software), {"body": "Ask IT if it is licensed.", "internal": "on"}
    )

    assert Comment.objects.get().internal is True
    page = mfa_client(requester).get(reverse("approvals:request_detail", args=[software.pk]))
    assert "Ask IT if it is licensed." not in page.content.decode()


def test_an_empty_comment_shows_the_page_again_with_the_mistake(software, mfa_client, requester):
    response = mfa_client(requester).post(_url(software), {"body": "   "})

    assert response.status_code == 400
    assert "Write the comment first." in response.content.decode()
    assert not Comment.objects.exists()


def test_nobody_comments_on_a_request_they_cannot_see(software, mfa_client, person):
    assert mfa_client(person).post(_url(software), {"body": "Hello"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_closed_request_takes_no_more_comments(software, mfa_client, requester, holders):
    services.step_refuse(
        step=open_step(software), actor=holders[RoleKey.CHIEF_EXECUTIVE], reason="No"
    )

    response = mfa_client(requester).post(_url(software), {"body": "But why?"}, follow=True)

    assert "Comments can no longer be added to this request." in response.content.decode()
    assert not Comment.objects.exists()


def test_an_auditor_reads_but_does_not_comment(software, mfa_client, auditor):
    response = mfa_client(auditor).post(_url(software), {"body": "Noted"})

    assert response.status_code == 302
    assert not Comment.objects.exists()

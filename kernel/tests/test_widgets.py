from django import forms

from kernel.widgets import QuickSelect


class TeamForm(forms.Form):
    team = forms.ChoiceField(
        choices=[("", "All teams"), ("1", "Finance & Resources"), ("2", '<b>"Quoted"</b>')],
        required=False,
    )
    grouped = forms.ChoiceField(choices=[("Executive", [("3", "Office")]), ("4", "Other")])


def render(widget_class, data=None):
    form = TeamForm(data)
    form.fields["team"].widget = widget_class(choices=form.fields["team"].choices)
    form.fields["grouped"].widget = widget_class(choices=form.fields["grouped"].choices)
    return str(form["team"]) + str(form["grouped"])


def test_writes_the_same_html_as_django(db):
    assert render(QuickSelect, {"team": "2", "grouped": "3"}) == render(
        forms.Select, {"team": "2", "grouped": "3"}
    ).replace("\n  ", "").replace("\n", "")


def test_escapes_labels():
    html = render(QuickSelect)
    assert "&lt;b&gt;&quot;Quoted&quot;&lt;/b&gt;" in html
    assert "Finance &amp; Resources" in html

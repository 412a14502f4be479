"""Policy text written in Markdown is shown with its structure and nothing dangerous."""

from declarations.markdown import render_policy_markdown


def test_keeps_headings_numbered_clauses_emphasis_links_and_tables():
    html = render_policy_markdown(
        "## 3. Email\n\n"
        "4. Use *work* email for **work**.\n"
        "5. See [the guide](https://intranet.example.org/guide).\n\n"
        "| Who | Decides |\n|---|---|\n| Auto-forward | Chief Executive |\n"
    )
    assert "<h2>3. Email</h2>" in html
    assert '<ol start="4">' in html
    assert "<em>work</em>" in html and "<strong>work</strong>" in html
    assert '<a href="https://intranet.example.org/guide" rel="noopener noreferrer">the guide</a>' in html
    assert '<table class="table table-sm table-bordered policy-table">' in html
    assert "<th>Who</th>" in html and "<td>Chief Executive</td>" in html


def test_a_top_level_heading_sits_below_the_pages_own_title():
    html = render_policy_markdown("# Policy\n\n## 1. Scope\n\ntext")
    assert "<h1" not in html
    assert "<h2>Policy</h2>" in html and "<h3>1. Scope</h3>" in html


def test_removes_scripts_styles_images_forms_and_dangerous_links():
    html = render_policy_markdown(
        "<script>alert('x')</script>\n\n"
        '<p style="color:red" onclick="steal()">Styled</p>\n\n'
        '<img src="https://tracker.example/x.png" onerror="alert(1)">\n\n'
        '<form action="https://evil.example"><input name="password"></form>\n\n'
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        '<iframe src="https://evil.example"></iframe>'
    )
    for forbidden in ["<script", "alert('x')", "style=", "onclick", "<img", "onerror", "<form",
                      "<input", "javascript:", "data:text", "<iframe"]:
        assert forbidden not in html, forbidden
    assert "Styled" in html
    assert "<a rel=\"noopener noreferrer\">click</a>" in html


def test_empty_text_renders_nothing():
    assert render_policy_markdown("") == ""

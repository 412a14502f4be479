"""The social-media platforms the portal knows, and the kinds of owner an account has.

The vocabulary is shared: organisation settings say which platforms each kind of
owner may have, requests ask for an account on one, and the register records it.
"""

from django.db import models


class Platform(models.TextChoices):
    TWITTER = "twitter", "Twitter/X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"
    TIKTOK = "tiktok", "TikTok"
    WORDPRESS = "wordpress", "WordPress blog"
    WHATSAPP = "whatsapp", "WhatsApp"
    OTHER = "other", "Another platform"


class OwnerKind(models.TextChoices):
    """Who an account speaks for: a person, a team, or the whole organisation."""

    INDIVIDUAL = "individual", "A member of staff"
    TEAM = "team", "A team"
    ORGANISATION = "organisation", "The organisation"

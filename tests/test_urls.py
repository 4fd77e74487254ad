"""Canonical URLs: variants of one article URL fold together, different articles stay apart."""

from __future__ import annotations

import pytest

from danvan_crawler.extract.urls import canonical_url


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://la34.com.vn/hoi-nghi-dan-van/", "http://www.la34.com.vn/hoi-nghi-dan-van"),
        ("https://la34.com.vn/a/?utm_source=fb&utm_medium=x", "https://la34.com.vn/a/"),
        ("https://la34.com.vn/a/?fbclid=abc#comments", "https://la34.com.vn/a"),
        (
            "https://quan11.hochiminhcity.gov.vn/Lists/Posts/Post.aspx?ItemID=12&Source=x",
            "https://quan11.hochiminhcity.gov.vn/lists/posts/post.aspx?ItemID=12&source=x",
        ),
        (
            "https://site.gov.vn/(S(abcdef))/Trang/ChiTiet.aspx?nid=5",
            "https://site.gov.vn/Trang/ChiTiet.aspx?nid=5",
        ),
        ("https://site.gov.vn/tin?id=3&cat=2", "https://site.gov.vn/tin?cat=2&id=3"),
        ("https://site.gov.vn/tin;jsessionid=ABC?id=3", "https://site.gov.vn/tin?id=3"),
        ("http://127.0.0.1:8080/a/", "http://127.0.0.1:8080/a"),
    ],
)
def test_variants_fold(a, b):
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://site.gov.vn/tin?id=3", "https://site.gov.vn/tin?id=4"),
        ("https://site.gov.vn/tin-a", "https://site.gov.vn/tin-b"),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a"),
        ("https://site.gov.vn/Tin-A", "https://site.gov.vn/tin-a"),  # only ASP.NET paths fold case
    ],
)
def test_different_pages_stay_apart(a, b):
    assert canonical_url(a) != canonical_url(b)

import pytest

from wagtail.models import Page

from home.models import HomePage
from news.models import NewsArticlePage, NewsCategoryPage, NewsIndexPage
from tests.news.factories import NewsArticlePageFactory


@pytest.mark.django_db
class TestPageTypeRules:
    def test_home_page_lives_under_the_root_only(self, tree):
        assert HomePage.can_create_at(Page.get_first_root_node())
        assert not HomePage.can_create_at(tree.home)
        assert not HomePage.can_create_at(tree.culture)

    def test_one_news_index_per_home_page(self, tree):
        assert not NewsIndexPage.can_create_at(tree.home)  # the tree already has one
        assert not NewsIndexPage.can_create_at(tree.culture)
        assert not NewsIndexPage.can_create_at(Page.get_first_root_node())

    def test_sections_live_under_the_news_index(self, tree):
        assert NewsCategoryPage.can_create_at(tree.news)
        assert not NewsCategoryPage.can_create_at(tree.home)
        assert not NewsCategoryPage.can_create_at(tree.culture)

    def test_articles_live_under_sections(self, tree):
        assert NewsArticlePage.can_create_at(tree.culture)
        assert not NewsArticlePage.can_create_at(tree.news)
        assert not NewsArticlePage.can_create_at(tree.home)
        article = NewsArticlePageFactory(parent=tree.culture)
        assert NewsArticlePage.allowed_subpage_models() == []
        assert not NewsCategoryPage.can_create_at(article)


@pytest.mark.django_db
def test_page_slug_is_folded_from_a_vietnamese_title(tree):
    section = NewsCategoryPage(title="Giáo dục – Đào tạo")
    tree.news.add_child(instance=section)
    assert section.slug == "giao-duc-dao-tao"
    article = NewsArticlePage(title="Đại hội Đảng bộ", lead="Tóm tắt", body="[]")
    section.add_child(instance=article)
    assert article.slug == "dai-hoi-dang-bo"
    again = NewsArticlePage(title="Đại hội Đảng bộ", lead="Tóm tắt", body="[]")
    section.add_child(instance=again)
    assert again.slug == "dai-hoi-dang-bo-2"


@pytest.mark.django_db
def test_article_takes_its_section_from_its_parent(tree):
    article = NewsArticlePageFactory(parent=tree.economy)
    assert article.section_id == tree.economy.pk
    article.refresh_from_db()
    assert article.section == tree.economy


@pytest.mark.django_db
def test_publication_date_defaults_to_first_publication(tree):
    article = NewsArticlePageFactory(parent=tree.culture, publication_date=None, live=False)
    assert article.publication_date is None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == article.first_published_at
    first = article.publication_date
    article.title = "Tiêu đề đã sửa"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.publication_date == first  # a later edit does not move the date

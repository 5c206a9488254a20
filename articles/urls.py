from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path("sections/<slug:slug>/", views.section_page, name="section"),
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("authors/<slug:slug>/", views.author_page, name="author"),
    path("people/<slug:slug>/", views.person_page, name="person"),
    path("interviews/", views.interview_list, name="interviews"),
]

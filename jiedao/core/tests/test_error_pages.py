from django.test import Client

from jiedao.testing import World


def test_an_unknown_api_path_answers_in_the_api_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到该接口或对象。", "details": {}}


def test_an_unknown_page_answers_in_chinese(client: Client, db: None) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_forbidden_page_answers_in_chinese(client: Client, world: World) -> None:
    client.force_login(world.users["worker"])
    response = client.get("/people/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()

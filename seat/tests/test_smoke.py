def test_world_builds(world):
    assert world.contribution.answers.count() == 1


def test_expert_home_lists_invitation_input_and_pay(client, world):
    client.force_login(world.expert.user)
    response = client.get("/")
    assert response.status_code == 200
    assert world.consultation.title in response.content.decode()

"""Prompt files and their loader: versions, variables, rendering and the errors a bad prompt gets."""

from __future__ import annotations

import pytest

from prompts import Prompt, PromptError, list_prompts, load_prompt, parse_prompt

SHIPPED = {
    "writer/treatment": "Treatment",
    "writer/scene": "Scene",
    "director/shots": "ShotList",
    "editor/edit": "EditDecisionList",
    "repair": "text",
    "revise": "text",
    "schema": "text",
    "shorter": "text",
}


def test_every_agent_prompt_ships_with_a_version_and_its_output():
    assert set(SHIPPED) <= set(list_prompts())
    for name, output in SHIPPED.items():
        prompt = load_prompt(name)
        assert prompt.version >= 1
        assert prompt.ref == f"{name}@{prompt.version}"
        assert prompt.output == output
        assert prompt.variables


def test_the_old_one_shot_script_prompt_and_the_separate_premise_and_outline_are_gone():
    assert not {"writer/script", "writer/premise", "writer/outline"} & set(list_prompts())


def test_writer_prompt_renders_every_variable_into_tagged_inputs():
    prompt = load_prompt("writer/treatment")
    values = {"idea": "一把伞，两个陌生人", "duration": 30, "language": "zh", "style": "neon", "aspect": "9:16"}
    values |= {"scenes": 3, "seconds": 10, "max_lines": 2}

    text = prompt.render(**values)

    assert "<idea>\n一把伞，两个陌生人\n</idea>" in text
    assert "<duration_seconds>30</duration_seconds>" in text
    assert "<scene_count>3</scene_count>" in text and "at most 2 per scene" in text
    assert "$" not in text
    assert "<!--" not in text


@pytest.mark.parametrize("name", ["writer/treatment", "writer/scene"])
def test_writer_prompts_keep_visuals_in_english_and_words_in_the_script_language(name):
    system, user = load_prompt(name).messages(**{v: f"<{v}>" for v in load_prompt(name).variables})

    assert "English" in system["content"]
    assert "language" in system["content"]
    assert system["role"] == "system" and user["role"] == "user"


def test_the_treatment_prompt_asks_for_the_premise_then_the_scenes_in_one_answer():
    text = load_prompt("writer/treatment").text

    steps = ["Title and logline.", "Characters.", "Locations.", "Then outline the scenes", "Lines."]
    assert [text.index(step) for step in steps] == sorted(text.index(step) for step in steps)
    flat = " ".join(text.split())
    assert "`Treatment` schema" in flat and "in the schema's order" in flat


def test_the_scene_prompt_shows_the_premise_and_the_whole_outline():
    prompt = load_prompt("writer/scene")
    values = {v: f"<{v} value>" for v in prompt.variables}

    user = prompt.messages(**values)[1]["content"]

    assert "<premise>\n<premise value>\n</premise>" in user
    assert "<outline>\n<outline value>\n</outline>" in user


def test_the_director_prompt_asks_for_coverage_and_consistent_seeds():
    text = load_prompt("director/shots").text

    for words in ("Establishing shot", "shot/reverse-shot", "word for word", "location's seed", "previous scene"):
        assert words in text


def test_the_editor_prompt_covers_pacing_transitions_cards_and_length():
    text = load_prompt("editor/edit").text

    for words in ("Pacing from content", "Transitions by meaning", "end card", "Subtitles", "Total on target"):
        assert words in text


def test_the_revise_prompt_lists_the_problems():
    text = load_prompt("revise").render(output="Scene", problems="- too long\n- wrong place")

    assert "<problems>\n- too long\n- wrong place\n</problems>" in text and "`Scene`" in text


def test_messages_split_the_briefing_from_the_inputs():
    prompt = load_prompt("director/shots")
    values = {name: f"<{name} value>" for name in prompt.variables}

    system, user = prompt.messages(**values)

    assert system["role"] == "system" and "director" in system["content"]
    assert user["role"] == "user" and "<scene>\n<scene value>\n</scene>" in user["content"]
    assert "<scene value>" not in system["content"]


def test_a_missing_variable_is_named():
    prompt = load_prompt("writer/treatment")

    with pytest.raises(PromptError, match=r"writer/treatment@1 needs a value for 'idea'"):
        prompt.render(duration=30, language="en", style="x", aspect="16:9", scenes=3, seconds=10, max_lines=2)


def test_an_unknown_variable_is_named():
    prompt = load_prompt("repair")

    with pytest.raises(PromptError, match="no variable 'colour'"):
        prompt.render(output="Script", errors="- x", colour="red")


def test_values_with_dollars_and_braces_are_kept_as_written():
    raw = '---\nversion: 3\nvariables: [a]\noutput: text\n---\nCost $$5 for {"k": $a}\n'
    prompt = parse_prompt("demo", raw)

    assert prompt.ref == "demo@3"
    assert prompt.render(a="$b {x}") == 'Cost $5 for {"k": $b {x}}'


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("version: 1\n", "must start with a '---'"),
        ("---\nversion: 1\nvariables: [a]\noutput: text\nbody $a", "no closing '---'"),
        ("---\nvariables: [a]\noutput: text\n---\n$a", "lacks version"),
        ("---\nversion: one\nvariables: [a]\noutput: text\n---\n$a", "version must be a whole number"),
        ("---\nversion: 1\nvariables: a, b\noutput: text\n---\n$a $b", "must be a list"),
        ("---\nversion: 1\nvariables: [a]\noutput: text\nauthor: me\n---\n$a", "key one of"),
        ("---\nversion: 1\nvariables: [a]\noutput: text\n---\n$a and $b", "used but not declared: ['b']"),
        ("---\nversion: 1\nvariables: [a, b]\noutput: text\n---\n$a", "declared but not used: ['b']"),
        ("---\nversion: 1\nvariables: [a]\noutput: text\n---\n$a costs $5", "write '$$'"),
    ],
)
def test_malformed_prompt_files_are_rejected_with_the_reason(raw, problem):
    with pytest.raises(PromptError, match="demo.md") as caught:
        parse_prompt("demo", raw)

    assert problem in str(caught.value)


def test_unknown_prompt_lists_the_known_ones():
    with pytest.raises(PromptError, match="writer/treatment"):
        load_prompt("writer/poem")


def test_a_prompt_is_an_immutable_value():
    prompt = load_prompt("editor/edit")

    assert isinstance(prompt, Prompt)
    with pytest.raises(AttributeError):
        prompt.version = 2  # type: ignore[misc]

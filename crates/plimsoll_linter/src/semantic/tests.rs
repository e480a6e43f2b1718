use plimsoll_syntax::dockerfile::{InstructionKind, parse};

use super::*;
use crate::settings::Mode;

fn with_model(source: &str, check: impl FnOnce(&SemanticModel<'_>)) {
    let dockerfile = parse(source);
    let texts = ShellTexts::collect(&dockerfile);
    let model = SemanticModel::new(&dockerfile, &texts);
    check(&model);
}

#[test]
fn stages_aliases_and_inheritance() {
    let source = "ARG V=1\nFROM python:3.12 AS Build\nRUN pip install x\nFROM build AS test\nRUN pytest\nFROM scratch\nCOPY --from=test /a /a\n";
    with_model(source, |model| {
        assert_eq!(model.preamble().len(), 1);
        assert_eq!(model.stages().len(), 3);
        let test = &model.stages()[1];
        assert_eq!(test.base, StageBase::Stage(StageId(0)));
        assert_eq!(model.stages()[2].base, StageBase::Scratch);
        assert_eq!(model.stages()[0].used_as_base, vec![StageId(1)]);
        assert_eq!(test.used_by_copy, vec![NodeId(6)]);
        let chain: Vec<_> = model
            .stage_and_ancestors(StageId(1))
            .map(|s| s.id)
            .collect();
        assert_eq!(chain, vec![StageId(1), StageId(0)]);
        let earlier: Vec<_> = model
            .earlier_in_stage_and_ancestors(NodeId(4))
            .map(|node| node.kind())
            .collect();
        assert_eq!(
            earlier,
            vec![
                InstructionKind::From,
                InstructionKind::Run,
                InstructionKind::From
            ]
        );
        assert_eq!(
            model.stage_by_alias("BUILD", NodeId(6)).map(|s| s.id),
            Some(StageId(0))
        );
        assert!(model.stage_by_alias("test", NodeId(3)).is_none());
    });
}

#[test]
fn run_scripts_cover_shell_exec_heredoc_and_onbuild_forms() {
    let source = "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\nRUN [\"sudo\", \"x\"]\nRUN <<EOF\nset -e\ncd /tmp\nEOF\nRUN cat <<EOF > /etc/x\nrm -rf /\nEOF\nONBUILD RUN wget x\nCMD ssh host\n";
    with_model(source, |model| {
        let names = |node: &Node<'_>| -> Vec<String> {
            node.commands()
                .filter_map(|command| command.name_str().map(str::to_owned))
                .collect()
        };
        let nodes = model.nodes();
        assert_eq!(names(&nodes[1]), ["apt-get", "apt-get"]);
        let install = nodes[1].commands().nth(1).unwrap();
        assert_eq!(install.args()[1].range().slice(source), "-y");
        assert_eq!(names(&nodes[2]), ["sudo"]);
        assert_eq!(names(&nodes[3]), ["set", "cd"]);
        assert_eq!(names(&nodes[4]), ["cat"], "heredoc data is not run");
        assert!(nodes[5].scripts.is_empty());
        let trigger = nodes[5].trigger.as_ref().unwrap();
        assert!(trigger.is_trigger && trigger.is(InstructionKind::Run));
        assert_eq!(names(trigger), ["wget"]);
        assert!(nodes[6].scripts.is_empty(), "only RUN has scripts");
    });
}

#[test]
fn exec_form_shell_scripts_are_parsed_and_hadolint_sees_them_joined() {
    let source = "FROM a\nRUN [\"sh\", \"-c\", \"apt-get update; sudo x | tee y\"]\nRUN [\"sh\", \"-c\", \"echo \\\"hi\\\"\"]\nRUN [\"apt-get\", \"install\"]\n";
    with_model(source, |model| {
        let names = |node: &Node<'_>, mode: Mode| -> Vec<String> {
            node.invocations(mode)
                .filter_map(|invocation| invocation.program().map(str::to_owned))
                .collect()
        };
        let nodes = model.nodes();
        assert_eq!(
            names(&nodes[1], Mode::Plimsoll),
            ["sh", "apt-get", "sudo", "tee"]
        );
        let sudo = nodes[1].commands().nth(2).unwrap();
        assert_eq!(sudo.range().slice(source), "sudo x");
        // hadolint parses `sh -c apt-get update; sudo x | tee y`.
        assert_eq!(names(&nodes[1], Mode::Hadolint), ["sh", "sudo", "tee"]);
        // An escaped JSON string is not source text: only the `sh` command.
        assert_eq!(names(&nodes[2], Mode::Plimsoll), ["sh"]);
        assert_eq!(names(&nodes[3], Mode::Hadolint), ["apt-get"]);
    });
}

//! From syntax tree to program: its size (for Go's limit) and the Thompson construction.
use super::{Inst, Node};

/// Roughly how many instructions [`emit`] makes of `node` (saturating), for the `MAX_PROGRAM_SIZE` check.
pub(super) fn program_size(node: &Node) -> usize {
    match node {
        Node::Empty => 0,
        Node::Char(_) | Node::Class(_) | Node::AnyButNewline | Node::Look(_) => 1,
        Node::Concat(items) => items.iter().map(program_size).fold(0, usize::saturating_add),
        Node::Alternate(branches) => {
            branches.iter().map(|branch| program_size(branch).saturating_add(2)).fold(0, usize::saturating_add)
        }
        Node::Repeat { sub, min, max, .. } => {
            let one = program_size(sub);
            let required = one.saturating_mul(*min as usize);
            let optional = match max {
                None => one.saturating_add(2),
                Some(max) => one.saturating_add(1).saturating_mul(max.saturating_sub(*min) as usize),
            };
            required.saturating_add(optional)
        }
    }
}

/// Thompson construction; `x{n,m}` becomes n copies of x then m-n optional ones.
pub(super) fn emit(node: &Node, program: &mut Vec<Inst>) {
    match node {
        Node::Empty => {}
        Node::Char(c) => program.push(Inst::Char(*c)),
        Node::Class(index) => program.push(Inst::Class(*index)),
        Node::AnyButNewline => program.push(Inst::AnyButNewline),
        Node::Look(look) => program.push(Inst::Look(*look)),
        Node::Concat(items) => items.iter().for_each(|item| emit(item, program)),
        Node::Alternate(branches) => {
            let mut jumps_to_end = Vec::new();
            for (index, branch) in branches.iter().enumerate() {
                if index + 1 == branches.len() {
                    emit(branch, program);
                    break;
                }
                let split = program.len();
                program.push(Inst::Split(split + 1, 0));
                emit(branch, program);
                jumps_to_end.push(program.len());
                program.push(Inst::Jump(0));
                program[split] = Inst::Split(split + 1, program.len());
            }
            let end = program.len();
            for jump in jumps_to_end {
                program[jump] = Inst::Jump(end);
            }
        }
        Node::Repeat { sub, min, max, .. } => {
            for _ in 0..*min {
                emit(sub, program);
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    emit(sub, program);
                    program.push(Inst::Jump(split));
                    program[split] = Inst::Split(split + 1, program.len());
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(0, 0));
                        emit(sub, program);
                    }
                    let end = program.len();
                    for split in splits {
                        program[split] = Inst::Split(split + 1, end);
                    }
                }
            }
        }
    }
}

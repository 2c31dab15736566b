//! Several of the splitter's files of shared code made one. Each imports only what the main module shares — its
//! memory, its function table, one global — and fills its own places in them (data at fixed addresses, functions
//! at fixed table slots), so files that import the same things can be laid end to end: their types merged, their
//! functions numbered on, their imports declared once.

use std::collections::HashMap;
use std::convert::Infallible;

use wasm_encoder::reencode::{Error as ReencodeError, Reencode};
use wasm_encoder::{
    CodeSection, DataCountSection, DataSection, ElementSection, EntityType, FunctionSection,
    ImportSection, Module, TypeSection,
};
use wasmparser::{Parser, Payload, TypeRef, ValType};

use crate::exec::Failure;

/// The numbers one module's code uses, as the merged module has them.
struct Renumber {
    /// Functions before this module's in the merged one (none is imported).
    first_function: u32,
    /// This module's type index → the merged one's.
    types: Vec<u32>,
}

impl Reencode for Renumber {
    type Error = Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, ReencodeError<Infallible>> {
        Ok(self.first_function + func)
    }

    fn type_index(&mut self, ty: u32) -> Result<u32, ReencodeError<Infallible>> {
        Ok(self.types[ty as usize])
    }
}

#[derive(Default)]
struct Merged {
    types: Vec<(Vec<ValType>, Vec<ValType>)>,
    type_index: HashMap<(Vec<ValType>, Vec<ValType>), u32>,
    /// (module, name, kind): at most one memory, one table and one global, the same in every file.
    imports: Vec<(String, String, TypeRef)>,
    functions: Vec<u32>,
    elements: ElementSection,
    code: CodeSection,
    data: DataSection,
    data_segments: u32,
}

fn failed(what: impl std::fmt::Display) -> Failure {
    Failure(format!("merging the shared code's files: {what}"))
}

impl Merged {
    fn type_of(&mut self, params: &[ValType], results: &[ValType]) -> u32 {
        let key = (params.to_vec(), results.to_vec());
        if let Some(&at) = self.type_index.get(&key) {
            return at;
        }
        let at = self.types.len() as u32;
        self.types.push(key.clone());
        self.type_index.insert(key, at);
        at
    }

    fn import(&mut self, module: &str, name: &str, ty: TypeRef) -> Result<(), Failure> {
        let kind = std::mem::discriminant(&ty);
        match self
            .imports
            .iter()
            .find(|(_, _, known)| std::mem::discriminant(known) == kind)
        {
            Some((m, n, known)) if m == module && n == name && *known == ty => Ok(()),
            Some((m, n, _)) => Err(failed(format!(
                "{module}.{name} beside {m}.{n}: two imports of one kind"
            ))),
            None if matches!(ty, TypeRef::Func(_) | TypeRef::Tag(_)) => Err(failed(format!(
                "{module}.{name}: only memory, table and globals are shared"
            ))),
            None => {
                self.imports.push((module.into(), name.into(), ty));
                Ok(())
            }
        }
    }

    fn add(&mut self, wasm: &[u8]) -> Result<(), Failure> {
        let mut renumber = Renumber {
            first_function: self.functions.len() as u32,
            types: Vec::new(),
        };
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(failed)? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        let ty = ty.map_err(failed)?;
                        let at = self.type_of(ty.params(), ty.results());
                        renumber.types.push(at);
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import.map_err(failed)?;
                        self.import(import.module, import.name, import.ty)?;
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        let ty = ty.map_err(failed)?;
                        self.functions.push(renumber.types[ty as usize]);
                    }
                }
                Payload::ElementSection(reader) => renumber
                    .parse_element_section(&mut self.elements, reader)
                    .map_err(failed)?,
                Payload::CodeSectionEntry(body) => renumber
                    .parse_function_body(&mut self.code, body)
                    .map_err(failed)?,
                Payload::DataSection(reader) => {
                    self.data_segments += reader.count();
                    renumber
                        .parse_data_section(&mut self.data, reader)
                        .map_err(failed)?
                }
                Payload::Version { .. }
                | Payload::CodeSectionStart { .. }
                | Payload::DataCountSection { .. }
                | Payload::CustomSection(_)
                | Payload::End(_) => {}
                other => {
                    return Err(failed(format!(
                        "a section it cannot lay beside another's: {other:?}"
                    )))
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Vec<u8> {
        let mut re = wasm_encoder::reencode::RoundtripReencoder;
        let val = |re: &mut wasm_encoder::reencode::RoundtripReencoder, v: &ValType| {
            re.val_type(*v).expect("a value type of the MVP")
        };
        let mut types = TypeSection::new();
        for (params, results) in &self.types {
            let params: Vec<_> = params.iter().map(|v| val(&mut re, v)).collect();
            let results: Vec<_> = results.iter().map(|v| val(&mut re, v)).collect();
            types.ty().function(params, results);
        }
        let mut imports = ImportSection::new();
        for (module, name, ty) in &self.imports {
            let ty: EntityType = re.entity_type(*ty).expect("memory, table or global");
            imports.import(module, name, ty);
        }
        let mut functions = FunctionSection::new();
        for ty in &self.functions {
            functions.function(*ty);
        }
        let mut module = Module::new();
        module.section(&types).section(&imports).section(&functions);
        if !self.elements.is_empty() {
            module.section(&self.elements);
        }
        module.section(&DataCountSection {
            count: self.data_segments,
        });
        module.section(&self.code).section(&self.data);
        module.finish()
    }
}

/// One module doing what all of `modules` did, loaded together.
pub fn merge(modules: &[Vec<u8>]) -> Result<Vec<u8>, Failure> {
    let mut merged = Merged::default();
    for wasm in modules {
        merged.add(wasm)?;
    }
    let bytes = merged.finish();
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .map_err(failed)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        ConstExpr, Elements, Function, Instruction, MemoryType, RefType, TableType, ValType as V,
    };

    /// A file as the splitter writes them: the shared memory and table imported, `functions` functions of type
    /// `(i32) -> i32`, each calling the next of its own, placed at table slot `slot` on, and a data segment at
    /// `address`.
    fn file(functions: u32, slot: i32, address: i32, table_name: &str) -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], []);
        types.ty().function([V::I32], [V::I32]);
        let mut imports = ImportSection::new();
        let memory = MemoryType {
            minimum: 19,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        };
        imports.import("__wasm_split", "memory", memory);
        let table = TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            minimum: 100,
            maximum: None,
            shared: false,
        };
        imports.import("__wasm_split", table_name, table);
        let mut funcs = FunctionSection::new();
        let mut code = CodeSection::new();
        for i in 0..functions {
            funcs.function(1);
            let mut body = Function::new([]);
            body.instruction(&Instruction::LocalGet(0));
            body.instruction(&Instruction::Call((i + 1) % functions));
            body.instruction(&Instruction::End);
            code.function(&body);
        }
        let mut elements = ElementSection::new();
        let indices: Vec<u32> = (0..functions).collect();
        elements.active(
            Some(0),
            &ConstExpr::i32_const(slot),
            Elements::Functions(indices.into()),
        );
        let mut data = DataSection::new();
        data.active(0, &ConstExpr::i32_const(address), *b"text");
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&funcs)
            .section(&elements)
            .section(&code)
            .section(&data);
        module.finish()
    }

    #[test]
    fn files_sharing_the_same_imports_are_laid_end_to_end() {
        let merged = merge(&[file(2, 10, 1000, "table"), file(3, 20, 2000, "table")]).unwrap();
        let (mut imports, mut functions, mut types, mut slots, mut calls, mut data) =
            (0, 0, 0, Vec::new(), Vec::new(), 0);
        for payload in Parser::new(0).parse_all(&merged) {
            match payload.unwrap() {
                Payload::ImportSection(r) => imports = r.into_imports().count(),
                Payload::TypeSection(r) => types = r.count(),
                Payload::FunctionSection(r) => functions = r.count(),
                Payload::ElementSection(r) => {
                    for element in r {
                        let wasmparser::ElementItems::Functions(items) = element.unwrap().items
                        else {
                            panic!("functions expected");
                        };
                        slots.push(items.into_iter().map(Result::unwrap).collect::<Vec<_>>());
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    for op in body.get_operators_reader().unwrap() {
                        if let wasmparser::Operator::Call { function_index } = op.unwrap() {
                            calls.push(function_index);
                        }
                    }
                }
                Payload::DataSection(r) => data = r.count(),
                _ => {}
            }
        }
        assert_eq!((imports, types, functions, data), (2, 2, 5, 2));
        assert_eq!(
            slots,
            [vec![0, 1], vec![2, 3, 4]],
            "the second file's functions numbered on"
        );
        assert_eq!(
            calls,
            [1, 0, 3, 4, 2],
            "each call still to a function of its own file"
        );
    }

    #[test]
    fn files_importing_different_things_are_not_merged() {
        let err = merge(&[file(1, 0, 0, "table"), file(1, 1, 8, "other_table")]);
        assert!(err.is_err());
    }
}

import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import type { ScriptModel, Statement } from './model';

/** Normalises well-known aliases so the knowledge base sees one name per API. */
export function canonical(qualified: string): string {
  if (qualified === 'tensorflow.keras' || qualified.startsWith('tensorflow.keras.')) return qualified;
  if (qualified.startsWith('tf.')) return 'tensorflow.' + qualified.slice(3);
  return qualified;
}

function dottedName(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

export function collectImports(model: ScriptModel, statement: Statement): void {
  // Imports anywhere in the statement count (a guarded or conditional import still binds the name).
  const visit = (node: Node): void => {
    if (node.type === 'import_statement') {
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (name && alias) addImport(model, alias.text, dottedName(name), child, statement);
        } else {
          const full = dottedName(child);
          addImport(model, full.split('.')[0]!, full.split('.')[0]!, child, statement);
        }
      }
      return;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      const moduleName = moduleNode ? dottedName(moduleNode) : '';
      if (kids(node).some((c) => c.type === 'wildcard_import')) {
        model.starImports.push(moduleName);
        return;
      }
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        const name = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
        const alias = child.type === 'aliased_import' ? child.childForFieldName('alias') : child;
        if (name && alias) addImport(model, alias.text, `${moduleName}.${dottedName(name)}`, child, statement);
      }
      return;
    }
    if (node.type === 'function_definition' || node.type === 'class_definition') return;
    for (const child of kids(node)) visit(child);
  };
  visit(statement.node);
}

function addImport(model: ScriptModel, local: string, qualified: string, node: Node, statement: Statement): void {
  const q = canonical(qualified);
  model.imports.push({ local, qualified: q, node, statement: statement.index });
  model.importMap.set(local, q);
  statement.defs.add(local);
}


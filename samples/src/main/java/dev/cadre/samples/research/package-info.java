/**
 * The research synthesis sample ({@link dev.cadre.samples.research.ResearchSample}), annotated
 * form: a graph team whose researchers search a bundled corpus at once with BM25, whose
 * synthesiser joins their findings into a cited brief, and whose reviewer checks every citation
 * with a tool and loops the brief back until they hold. The corpus and the offline replay scripts
 * sit beside these classes on the class path.
 */
package dev.cadre.samples.research;

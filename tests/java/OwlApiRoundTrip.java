import java.io.File;
import java.util.HashMap;
import java.util.Map;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFDocumentFormat;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;

/**
 * Load an RDF/XML file with the OWL API (as Protege and ROBOT do), report the
 * triples it could not parse, and save what it kept as RDF/XML.
 *
 * Usage: OwlApiRoundTrip IN OUT [IMPORT-IRI=FILE ...]. Imports are resolved
 * only through the IMPORT-IRI=FILE pairs: nothing is ever fetched; an import
 * that is not listed is reported as missing (exit 3).
 * Output (stdout): "axioms N", "triples N", "unparsed N", then one line per
 * unparsed triple, "missing-import IRI" per import that could not be resolved.
 */
public final class OwlApiRoundTrip {
    private OwlApiRoundTrip() {}

    public static void main(String[] args) throws Exception {
        File in = new File(args[0]);
        File out = new File(args[1]);
        Map<IRI, IRI> imports = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            imports.put(IRI.create(pair[0]), IRI.create(new File(pair[1])));
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getIRIMappers().clear();
        // every import goes to a listed file; any other to a file that does not exist
        manager.getIRIMappers().add(iri -> imports.getOrDefault(iri,
            IRI.create(new File(out.getParentFile(), "not-fetched.owl"))));
        final int[] missing = {0};
        manager.addMissingImportListener(event -> {
            missing[0]++;
            System.out.println("missing-import " + event.getImportedOntologyURI());
        });
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
            new FileDocumentSource(in), config);
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        System.out.println("axioms " + ontology.getAxiomCount());
        if (format instanceof RDFDocumentFormat) {
            OWLOntologyLoaderMetaData meta =
                ((RDFDocumentFormat) format).getOntologyLoaderMetaData().orElse(null);
            if (meta != null) {
                System.out.println("triples " + meta.getTripleCount());
                System.out.println("unparsed " + meta.getUnparsedTriples().count());
                meta.getUnparsedTriples().forEach(t -> System.out.println("  " + t));
            }
        }
        manager.saveOntology(ontology, new RDFXMLDocumentFormat(), IRI.create(out));
        System.exit(missing[0] == 0 ? 0 : 3);
    }
}

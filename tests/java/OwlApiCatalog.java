import java.io.File;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.catalog.CatalogFeatures;
import javax.xml.catalog.CatalogManager;
import javax.xml.catalog.CatalogResolver;
import javax.xml.transform.Source;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.util.AutoIRIMapper;

/**
 * Load an ontology with the OWL API (as Protege and ROBOT do), its imports
 * resolved only through an OASIS XML catalog (the JDK's javax.xml.catalog, which
 * follows nextCatalog entries), never fetched.
 *
 * Usage: OwlApiCatalog JOB [+ JOB]...   several jobs in one JVM (it starts slowly), where
 *        JOB is  FILE CATALOG   load FILE, resolve imports with CATALOG
 *        or      --folder DIR   the ontology IRIs the OWL API's AutoIRIMapper
 *                               finds in the .owl files of DIR (it reads each
 *                               file's root owl:Ontology element)
 * Output (stdout), each line prefixed with the job's number ("0 ", "1 "…):
 * "ontology IRI", "version IRI", "axioms N" (the file's own), "closure N"
 * (ontologies loaded), "import IRI -> DOCUMENT" per resolved import,
 * "missing-import IRI" per import the catalog does not resolve (then "exit 3",
 * else "exit 0"); with --folder, "mapped IRI -> FILE" per ontology found.
 */
public final class OwlApiCatalog {
    private OwlApiCatalog() {}

    public static void main(String[] args) throws Exception {
        java.util.List<String> job = new java.util.ArrayList<>();
        int number = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals("+")) {
                String prefix = number++ + " ";
                int code = run(job.toArray(new String[0]), prefix);
                System.out.println(prefix + "exit " + code);
                job.clear();
            } else {
                job.add(args[i]);
            }
        }
    }

    private static int run(String[] args, String prefix) throws Exception {
        if (args[0].equals("--folder")) {
            AutoIRIMapper mapper = new AutoIRIMapper(new File(args[1]), false);
            Set<String> lines = new TreeSet<>();
            for (IRI iri : mapper.getOntologyIRIs()) {
                lines.add(prefix + "mapped " + iri + " -> " + new File(mapper.getDocumentIRI(iri).toURI()).getName());
            }
            lines.forEach(System.out::println);
            return 0;
        }
        File in = new File(args[0]);
        CatalogFeatures features = CatalogFeatures.builder()
            .with(CatalogFeatures.Feature.RESOLVE, "continue")
            .with(CatalogFeatures.Feature.PREFER, "public")
            .build();
        CatalogResolver resolver = CatalogManager.catalogResolver(
            features, new File(args[1]).getAbsoluteFile().toURI());
        IRI nowhere = IRI.create(new File(in.getAbsoluteFile().getParentFile(), "not-fetched.owl"));
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getIRIMappers().clear();
        manager.getIRIMappers().add(iri -> {
            Source source = resolver.resolve(iri.toString(), null);
            if (source == null || source.getSystemId() == null) {
                return nowhere;  // never fetched: reported as a missing import
            }
            System.out.println(prefix + "import " + iri + " -> " + source.getSystemId());
            return IRI.create(source.getSystemId());
        });
        final int[] missing = {0};
        manager.addMissingImportListener(event -> {
            missing[0]++;
            System.out.println(prefix + "missing-import " + event.getImportedOntologyURI());
        });
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
            new FileDocumentSource(in), config);
        System.out.println(prefix + "ontology " + ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("-"));
        System.out.println(prefix + "version " + ontology.getOntologyID().getVersionIRI().map(IRI::toString).orElse("-"));
        System.out.println(prefix + "axioms " + ontology.getAxiomCount());
        System.out.println(prefix + "closure " + ontology.getImportsClosure().size());
        return missing[0] == 0 ? 0 : 3;
    }
}

package dev.mproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The BOM has no parent (so that importing it pins nothing but mproc), so nothing in Maven keeps it in step with the
 * build: this does. It runs here because the demos module builds after every module it checks.
 */
class BomTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    /** Modules that are built but not published for users to depend on. */
    private static final Set<String> UNPUBLISHED = Set.of("bom", "apps", "demos", "bench");

    @Test
    void shouldManageEveryPublishedModuleAtTheBuildsVersion() throws Exception {
        final Document parent = parse(ROOT.resolve("pom.xml"));
        final Document bom = parse(ROOT.resolve("bom").resolve("pom.xml"));
        assertEquals(childText(parent.getDocumentElement(), "version"), childText(bom.getDocumentElement(), "version"),
            "the BOM's version follows the build's");

        final Set<String> published = new TreeSet<>();
        final NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            final String module = modules.item(i).getTextContent().trim();
            if (!UNPUBLISHED.contains(module)) {
                published.add(childText(parse(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(),
                    "artifactId"));
            }
        }
        final Set<String> managed = new TreeSet<>();
        final NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            final Element dependency = (Element) dependencies.item(i);
            assertEquals("${project.version}", childText(dependency, "version"));
            managed.add(childText(dependency, "artifactId"));
        }
        assertEquals(published, managed, "every published module, and only those");
    }

    private static Document parse(final Path pom) throws Exception {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of the element's direct child of that name (not of a nested one, such as the parent's version). */
    private static String childText(final Element element, final String name) {
        for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element && child.getNodeName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        throw new AssertionError(element.getNodeName() + " has no " + name);
    }
}

package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The DORA dashboard, for a test target and a prod target. */
class DeliveryDashboardTest {

    private static final List<String> TARGETS = List.of("test", "prod");
    private static Template template;
    private static DeliveryDashboard built;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inBuildAccount();
        built = new DeliveryDashboard(stack, "Dashboard", new DeliveryDashboard.Props(NAMES, TARGETS));
        template = Template.fromStack(stack);
    }

    @Test
    void theDashboardShowsEachTargetsFourMetricsOverThirtyDays() throws Exception {
        var dashboard = Policies.only(template, "AWS::CloudWatch::Dashboard");
        assertThat(dashboard).containsEntry("DashboardName", "orders-delivery");
        Map<String, Object> body = new ObjectMapper().readValue(render(dashboard.get("DashboardBody")),
                new TypeReference<>() { });
        assertThat(body).containsEntry("start", "-P30D");
        List<Map<String, Object>> widgets = properties(body);
        assertThat(widgets).extracting(w -> w.get("title")).containsExactly(
                "test: the last 30 days", "test: deployments per day",
                "test: lead time and time to restore, median per day (s)",
                "prod: the last 30 days", "prod: deployments per day",
                "prod: lead time and time to restore, median per day (s)");
        for (String target : TARGETS) {
            var summary = widgets.stream().filter(w -> w.get("title").equals(target + ": the last 30 days"))
                    .findFirst().orElseThrow();
            assertThat(summary).containsEntry("view", "singleValue").containsEntry("setPeriodToTimeRange", true)
                    .containsEntry("region", "eu-west-1");
            // Each of the four, for this target and pipeline, and the change failure rate computed from two.
            assertThat(metricNames(summary, target)).containsExactly(
                    "Deployments Sum", "FailedDeployments Sum", "LeadTimeSeconds p50", "TimeToRestoreSeconds p50");
            assertThat(expressions(summary)).containsExactly(
                    "Change failure rate (%): 100 * FILL(failed, 0) / (FILL(deployed, 0) + FILL(failed, 0))");
        }
        assertThat(built.url()).isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"
                + "?region=eu-west-1#dashboards/dashboard/orders-delivery");
    }

    /**
     * The dashboard body as CloudFormation makes it: widgets name the stack's region by reference, so
     * the body is an Fn::Join of text and {@code AWS::Region}.
     */
    @SuppressWarnings("unchecked")
    static String render(Object body) {
        if (body instanceof String text) {
            return text;
        }
        var join = (List<Object>) ((Map<String, Object>) body).get("Fn::Join");
        assertThat(join.get(0)).isEqualTo("");
        return ((List<Object>) join.get(1)).stream().map(part -> {
            if (part instanceof String text) {
                return text;
            }
            assertThat(part).isEqualTo(Map.of("Ref", "AWS::Region"));
            return NAMES.region();
        }).collect(Collectors.joining());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> properties(Map<String, Object> body) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object widget : (List<Object>) body.get("widgets")) {
            found.add((Map<String, Object>) ((Map<String, Object>) widget).get("properties"));
        }
        return found;
    }

    /** "name statistic" of each metric a widget graphs, checking that each is this pipeline's and target's. */
    @SuppressWarnings("unchecked")
    private static List<String> metricNames(Map<String, Object> widget, String target) {
        List<String> names = new ArrayList<>();
        for (Object row : (List<Object>) widget.get("metrics")) {
            var line = (List<Object>) row;
            if (line.size() == 1) {
                continue; // an expression
            }
            assertThat(line.subList(0, 6)).containsExactly("CrossAccountDelivery", line.get(1), "Pipeline", "orders",
                    "Target", target);
            names.add(line.get(1) + " " + ((Map<String, Object>) line.get(6)).get("stat"));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<String> expressions(Map<String, Object> widget) {
        List<String> found = new ArrayList<>();
        for (Object row : (List<Object>) widget.get("metrics")) {
            var line = (List<Object>) row;
            if (line.size() == 1) {
                var options = (Map<String, Object>) line.get(0);
                found.add(options.get("label") + ": " + options.get("expression"));
            }
        }
        return found;
    }

}

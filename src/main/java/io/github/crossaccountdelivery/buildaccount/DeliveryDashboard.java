package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.buildaccount.DeliveryMetrics.DEPLOYMENTS;
import static io.github.crossaccountdelivery.buildaccount.DeliveryMetrics.FAILED_DEPLOYMENTS;
import static io.github.crossaccountdelivery.buildaccount.DeliveryMetrics.LEAD_TIME;
import static io.github.crossaccountdelivery.buildaccount.DeliveryMetrics.TIME_TO_RESTORE;

import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.constructs.Construct;

/**
 * A CloudWatch dashboard of the pipeline's DORA metrics, as {@link DeliveryMetrics} writes them:
 * per target, one row with the four over 30 days (deployments, change failure rate, median lead
 * time, median time to restore), then deployments and the two times per day.
 *
 * <p>Creates the dashboard, under a fixed name so that its console URL can be printed before it
 * exists. An account's first three dashboards are free; a fourth costs a few dollars a month
 * (https://aws.amazon.com/cloudwatch/pricing/).
 *
 * <p>Exposes {@link #dashboard()} and {@link #url()}.
 */
public final class DeliveryDashboard extends Construct {

    /** How far back the dashboard looks: DORA's metrics are read over weeks, not hours. */
    static final Duration WINDOW = Duration.days(30);

    /**
     * @param names   the dashboard's name and URL, the pipeline's name and the metrics' namespace
     * @param targets the targets whose metrics it shows, one row each in this order; at least one
     */
    public record Props(AppNames names, List<String> targets) {
        public Props {
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a delivery dashboard shows at least one target");
            }
        }
    }

    private final Dashboard dashboard;
    private final String url;

    public DeliveryDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        dashboard = Dashboard.Builder.create(this, "Resource")
                .dashboardName(props.names().dashboard())
                .defaultInterval(WINDOW)
                .widgets(rows(props.names(), props.targets()))
                .build();
        url = props.names().dashboardUrl();
    }

    /** Per target, one row: the four metrics over the window, then per day. */
    private static List<List<IWidget>> rows(AppNames names, List<String> targets) {
        List<List<IWidget>> rows = new ArrayList<>();
        for (String target : targets) {
            Metrics m = new Metrics(names, target);
            rows.add(List.of(
                    SingleValueWidget.Builder.create()
                            .title(target + ": the last 30 days")
                            .metrics(List.of(
                                    m.sum(DEPLOYMENTS, WINDOW, "Deployments"),
                                    changeFailureRate(m),
                                    m.median(LEAD_TIME, WINDOW, "Lead time, median (s)"),
                                    m.median(TIME_TO_RESTORE, WINDOW, "Time to restore, median (s)")))
                            .setPeriodToTimeRange(true)
                            .width(8).height(6)
                            .build(),
                    GraphWidget.Builder.create()
                            .title(target + ": deployments per day")
                            .left(List.of(m.sum(DEPLOYMENTS, Duration.days(1), "Successful"),
                                    m.sum(FAILED_DEPLOYMENTS, Duration.days(1), "Failed")))
                            .width(8).height(6)
                            .build(),
                    GraphWidget.Builder.create()
                            .title(target + ": lead time and time to restore, median per day (s)")
                            .left(List.of(m.median(LEAD_TIME, Duration.days(1), "Lead time"),
                                    m.median(TIME_TO_RESTORE, Duration.days(1), "Time to restore")))
                            .width(8).height(6)
                            .build()));
        }
        return rows;
    }

    /**
     * Failed deployments over all deployments, in percent. The function writes each count only
     * when it happens (no zeros, which would double the metric-hours billed), so a missing one
     * counts as none.
     */
    private static IMetric changeFailureRate(Metrics m) {
        return MathExpression.Builder.create()
                .expression("100 * FILL(failed, 0) / (FILL(deployed, 0) + FILL(failed, 0))")
                .usingMetrics(Ordered.map(
                        "deployed", m.sum(DEPLOYMENTS, WINDOW, "Deployments"),
                        "failed", m.sum(FAILED_DEPLOYMENTS, WINDOW, "Failed deployments")))
                .label("Change failure rate (%)")
                .period(WINDOW)
                .build();
    }

    /** One target's metrics, as the function writes them. */
    private record Metrics(AppNames names, String target) {
        Metric sum(String name, Duration period, String label) {
            return metric(name, "Sum", period, label);
        }

        /** DORA reports lead time and time to restore as medians. */
        Metric median(String name, Duration period, String label) {
            return metric(name, "p50", period, label);
        }

        private Metric metric(String name, String statistic, Duration period, String label) {
            return Metric.Builder.create()
                    .namespace(names.metricsNamespace())
                    .metricName(name)
                    .dimensionsMap(Ordered.map("Pipeline", names.pipeline(), "Target", target))
                    .statistic(statistic)
                    .period(period)
                    .label(label)
                    .build();
        }
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** The dashboard in the CloudWatch console. */
    public String url() {
        return url;
    }
}

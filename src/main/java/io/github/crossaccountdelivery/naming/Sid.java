package io.github.crossaccountdelivery.naming;

/**
 * Policy statement IDs made from resource names: IAM allows only letters and digits in a Sid, so
 * {@code orders-test-deploy} becomes {@code OrdersTestDeploy}.
 */
public final class Sid {

    private Sid() {
    }

    /** The name's letters and digits, each part between other characters capitalized. */
    public static String of(String name) {
        StringBuilder sid = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sid.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sid.toString();
    }
}

package org.newsnode.nntp.list;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The LIST keywords this server answers, one class each. */
public final class ListVariants {
    private final Map<String, ListVariant> variants = new LinkedHashMap<>();

    private ListVariants() {
    }

    public static ListVariants standard() {
        ListVariants v = new ListVariants();
        for (ListVariant l : List.of(new ActiveList(), new ActiveTimesList(), new CountsList(), new DistribPatsList(),
                new HeadersList(), new ModeratorsList(), new MotdList(), new NewsgroupsList(), new OverviewFmtList(), new SubscriptionsList())) {
            v.variants.put(l.keyword(), l);
        }
        return v;
    }

    public ListVariant find(String keyword) {
        return variants.get(keyword.toUpperCase(Locale.ROOT));
    }

    public List<String> keywords() {
        return new ArrayList<>(variants.keySet());
    }
}

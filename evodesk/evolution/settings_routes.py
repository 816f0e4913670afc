"""The settings, proxy and profile routes of :class:`~evodesk.evolution.client.EvolutionClient`.

Their request bodies and answers are read and written by :mod:`evodesk.evolution.chip_settings`; what is left
here is the route, the dialect a body depends on, and the scrubbing of the proxy password from errors.
"""

from __future__ import annotations

import evodesk.evolution.chip_settings as settings_wire
from evodesk.domain import ChipSettings, ProfilePicture, ProxyConfig
from evodesk.evolution.errors import EvolutionError, EvolutionUnavailable
from evodesk.evolution.pipeline import ClientCore, Operation, segment


class SettingsRoutes(ClientCore):
    """``/settings/*``, ``/proxy/*`` and the profile calls under ``/chat/*``."""

    def find_settings(self, name: str) -> ChipSettings | None:
        """``GET /settings/find/{name}``: the instance's behaviour settings, or None when none are stored."""
        return self._call(
            "find_settings",
            "GET",
            f"/settings/find/{segment(name)}",
            self._parsed(settings_wire.parse_settings),
            instance=name,
        )

    def set_settings(self, name: str, settings: ChipSettings) -> ChipSettings | None:
        """``POST /settings/set/{name}`` with every flag; returns what the server stored.

        The call message goes empty while calls are not rejected (server bug #962/#2664). A connected
        instance reads ``always_online`` and ``sync_full_history`` only at its next socket: restart it.
        """
        body = settings_wire.settings_body(settings, self._known_dialect())
        return self._call(
            "set_settings",
            "POST",
            f"/settings/set/{segment(name)}",
            self._parsed(settings_wire.parse_settings_set),
            instance=name,
            body=body,
        )

    def find_proxy(self, name: str) -> ProxyConfig | None:
        """``GET /proxy/find/{name}``: the instance's proxy (its password included), or None without one.

        The password comes back in clear: keep the value inside the services, never log or show it.
        """
        try:
            return self._call(
                "find_proxy",
                "GET",
                f"/proxy/find/{segment(name)}",
                self._parsed(settings_wire.parse_proxy),
                instance=name,
            )
        except EvolutionError as exc:
            raise settings_wire.scrub_error(exc) from None

    def set_proxy(self, name: str, proxy: ProxyConfig) -> ProxyConfig | None:
        """``POST /proxy/set/{name}``; a connected instance uses the proxy from its next socket (restart it).

        The server tests the proxy itself before storing it: :class:`ProxyRejected` says that test failed,
        which also happens with a good proxy when the server has no direct internet access. No text of the
        errors raised here holds the password.
        """
        body = settings_wire.proxy_body(proxy, self._known_dialect())
        try:
            return self._call(
                "set_proxy",
                "POST",
                f"/proxy/set/{segment(name)}",
                self._parsed(settings_wire.parse_proxy_set),
                instance=name,
                body=body,
            )
        except EvolutionError as exc:
            rejected = settings_wire.proxy_rejection(exc, name, proxy)
            raise (rejected or settings_wire.scrub_error(exc, proxy.password)) from None

    def profile_picture_url(self, name: str, number: str) -> ProfilePicture:
        """``POST /chat/fetchProfilePictureUrl/{name}``: the picture link of ``number`` (a phone or a JID).

        The link is a signed CDN address that expires; ``url`` is None when WhatsApp has no picture to show,
        or the instance cannot ask (it is not connected).
        """
        return self._call(
            "profile_picture_url",
            "POST",
            f"/chat/fetchProfilePictureUrl/{segment(name)}",
            self._parsed(settings_wire.parse_profile_picture),
            instance=name,
            body={"number": number},
        )

    def update_profile_name(self, name: str, text: str) -> None:
        """``POST /chat/updateProfileName/{name}``: the WhatsApp display name; the instance must be open.

        The server answers a closed instance with a 500 ("Error updating profile name"), raised here as
        :class:`InstanceNotConnected`.
        """
        self._profile_update("update_profile_name", "updateProfileName", name, {"name": text})

    def update_profile_status(self, name: str, text: str) -> None:
        """``POST /chat/updateProfileStatus/{name}``: the WhatsApp "about" text; the instance must be open."""
        self._profile_update("update_profile_status", "updateProfileStatus", name, {"status": text})

    def _profile_update(self, operation: Operation, route: str, name: str, body: dict[str, object]) -> None:
        try:
            self._call(
                operation,
                "POST",
                f"/chat/{route}/{segment(name)}",
                self._parsed(settings_wire.parse_profile_update),
                instance=name,
                body=body,
            )
        except EvolutionUnavailable as exc:
            failure = settings_wire.not_connected_for_profile(exc, name)
            if failure is None:
                raise
            raise failure from exc
